namespace Palisade.RunscShimAdapter;

/// <summary>A command line the adapter cannot run: the message says why.</summary>
internal sealed class AdapterException(string message) : Exception(message);
