namespace Palisade.Core.Node;

/// <summary>How much a doctor finding matters.</summary>
public enum FindingSeverity
{
    /// <summary>Pods will fail (or a handler cannot work) until this is fixed.</summary>
    Error,

    /// <summary>Works, with a caveat worth knowing.</summary>
    Warning,

    /// <summary>A fact about the node.</summary>
    Info,
}
