public enum CursesUIPlaceholder {}
