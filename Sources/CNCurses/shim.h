#ifndef RUNBOOK_CNCURSES_SHIM_H
#define RUNBOOK_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Macros and globals Swift cannot import, or rejects as shared mutable state. */
static inline WINDOW *rb_stdscr(void) { return stdscr; }
static inline int rb_lines(void) { return LINES; }
static inline int rb_cols(void) { return COLS; }
static inline attr_t rb_a_normal(void) { return A_NORMAL; }
static inline attr_t rb_a_bold(void) { return A_BOLD; }
static inline attr_t rb_a_reverse(void) { return A_REVERSE; }
static inline attr_t rb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rb_a_dim(void) { return A_DIM; }
static inline attr_t rb_color_pair(short n) { return COLOR_PAIR(n); }
static inline int rb_key_resize(void) { return KEY_RESIZE; }
static inline int rb_key_f(int n) { return KEY_F(n); }
static inline int rb_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int rb_err(void) { return ERR; }
static inline int rb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int rb_key_max(void) { return KEY_MAX; }

/* Bracketed paste (xterm mode 2004): on, off, written straight to the terminal. Safe in a
   signal handler (write(2) only). */
#include <unistd.h>
static inline void rb_bracketed_paste(int on) {
    const char *s = on ? "\033[?2004h" : "\033[?2004l";
    ssize_t r = write(STDOUT_FILENO, s, 8);
    (void)r;
}

/* Put one wide-character cell with attributes at (y, x). */
static inline int rb_put_cell(int y, int x, const wchar_t *wch, attr_t attr, short pair) {
    cchar_t cc;
    setcchar(&cc, wch, attr, pair, NULL);
    return mvadd_wch(y, x, &cc);
}

/* Whether the terminal TERM names can show a screen, asked of terminfo before curses starts
   (initscr would print "Error opening terminal" and exit): 0 yes, 1 a hardcopy or generic
   type, 2 no terminfo entry for it, 3 no cursor addressing (TERM=dumb). */
extern int setupterm(const char *, int, int *);
static inline int rb_terminal_check(const char *term) {
    int err = 0;
    if (setupterm(term, STDOUT_FILENO, &err) != OK) return err == 0 ? 1 : 2;
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (const char *)-1) return 3;
    return 0;
}

#endif
