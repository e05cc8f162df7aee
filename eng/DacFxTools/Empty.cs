// Intentionally empty: this project exists only to gather DacFx into one folder.
