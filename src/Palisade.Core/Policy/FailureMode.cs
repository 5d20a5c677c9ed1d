namespace Palisade.Core.Policy;

/// <summary>What admission answers when an object cannot be evaluated: refuse it (closed) or let it through (open).</summary>
public enum FailureMode
{
    Closed = 0,
    Open = 1,
}
