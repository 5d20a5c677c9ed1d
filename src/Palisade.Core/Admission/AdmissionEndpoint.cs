namespace Palisade.Core.Admission;

/// <summary>Which webhook a review was sent to: the mutating one (patches) or the validating one (final state).</summary>
public enum AdmissionEndpoint
{
    Mutate = 0,
    Validate = 1,
}
