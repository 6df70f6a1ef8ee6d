// Checkers
