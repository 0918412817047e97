namespace Keel.Cli;

/// <summary>The command line lacks something it needs (a connection, an existing path); exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
