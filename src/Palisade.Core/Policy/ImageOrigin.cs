namespace Palisade.Core.Policy;

/// <summary>
/// Image-origin criterion over every container (init, regular and ephemeral). <see cref="RegistriesNotIn"/>: holds
/// when at least one image comes from a registry not on the list. <see cref="RegistriesIn"/>: holds when every image
/// comes from a registry on the list. Entries are a host (<c>registry.internal:5000</c>), a host wildcard
/// (<c>*.corp.example</c>) or a host with a path prefix (<c>ghcr.io/acme</c>); image references are normalised as
/// Docker does (no registry means <c>docker.io</c>, <c>nginx</c> is <c>docker.io/library/nginx</c>).
/// </summary>
public sealed record ImageOrigin(IReadOnlyList<string> RegistriesIn, IReadOnlyList<string> RegistriesNotIn);
