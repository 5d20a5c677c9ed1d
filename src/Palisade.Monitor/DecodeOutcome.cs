namespace Palisade.Monitor;

/// <summary>What became of one message from a sandbox.</summary>
internal enum DecodeOutcome
{
    Event,
    KnownNotDecoded,
    UnknownType,
    Malformed,
}
