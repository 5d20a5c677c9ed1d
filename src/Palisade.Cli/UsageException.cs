namespace Palisade.Cli;

/// <summary>Bad input or usage found while running a command: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
