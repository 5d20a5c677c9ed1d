namespace Palisade.Core.Admission;

/// <summary>
/// The labels of a namespace, which an AdmissionReview does not carry. The webhook reads them from a cluster watch,
/// <c>palisade admit</c> and tests from Namespace manifests.
/// </summary>
public interface INamespaceLabelSource
{
    /// <summary>The labels of <paramref name="namespaceName"/>; empty when the namespace is unknown.</summary>
    IReadOnlyDictionary<string, string> LabelsOf(string? namespaceName);
}
