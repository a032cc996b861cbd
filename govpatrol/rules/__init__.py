"""Rules as data: profiles (limits, column classes), the working-day calendar, scoring."""
