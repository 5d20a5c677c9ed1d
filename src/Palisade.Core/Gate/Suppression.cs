using Palisade.Core.Manifests;

namespace Palisade.Core.Gate;

/// <summary>
/// One entry of a suppressions file: a finding id (a vulnerability id or alias, a CIS id such as <c>4.6</c>, or a
/// manifest check such as <c>runAsNonRoot</c>), optionally only for one package or one image, with the reason it is
/// accepted and the day the acceptance ends.
/// </summary>
/// <param name="Id">What it suppresses.</param>
/// <param name="Package">Only findings in this package (vulnerabilities); null: any.</param>
/// <param name="Image">Only findings about this image (a name, matched by repository, tag ignored) or object (<c>Kind ns/name</c>); null: any.</param>
/// <param name="Reason">Why it is accepted; shown whenever it applies or has expired.</param>
/// <param name="Expires">The first day it no longer applies (UTC); null: never.</param>
/// <param name="Source">The suppressions file.</param>
/// <param name="Position">The entry's line and column.</param>
public sealed record Suppression(string Id, string? Package, string? Image, string Reason, DateTimeOffset? Expires, string Source, SourcePosition Position)
{
    public bool IsExpired(DateTimeOffset now) => Expires is { } e && now >= e;

    public string Describe() =>
        $"{Id}{(Package is null ? "" : $" in {Package}")}{(Image is null ? "" : $" for {Image}")}";
}
