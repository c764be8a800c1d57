"""Learning tools that know nothing of Qt: guided tours and quizzes."""
