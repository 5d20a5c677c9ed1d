namespace Palisade.Core.Admission;

/// <summary>The metav1.Status of a refused admission: an HTTP-like code, a reason word and the message users see.</summary>
public sealed record AdmissionStatus(int Code, string? Reason, string Message);
