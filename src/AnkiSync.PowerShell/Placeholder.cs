namespace AnkiSync.PowerShell { internal static class BuildCheck { } }
