namespace Palisade.Core.Cis;

/// <summary>CIS section 4 (and 5.7) on an image's config, history and files. Pure: the caller reads the image.</summary>
public static class CisImageChecks
{
    private const int SetUid = 0x800;
    private const int SetGid = 0x400;

    /// <param name="image">What was read from the image.</param>
    /// <param name="probedByPods">Every pod in the inputs that runs this image has a liveness or readiness probe (4.6 then holds).</param>
    public static IReadOnlyList<CisFinding> Evaluate(ImageFacts image, bool probedByPods)
    {
        ArgumentNullException.ThrowIfNull(image);
        var findings = new List<CisFinding>();
        void Add(string id, string message) =>
            findings.Add(new CisFinding(CisCatalog.Get(id), image.Name, message, image.Source, default));

        if (image.User is null or "" or "root" or "0" || image.User.StartsWith("0:", StringComparison.Ordinal) || image.User.StartsWith("root:", StringComparison.Ordinal))
        {
            Add("4.1", image.User is null or "" ? "the image sets no USER: it runs as root" : $"the image runs as USER {image.User}");
        }

        if (!image.HasHealthcheck && !probedByPods)
        {
            Add("4.6", "the image has no HEALTHCHECK and the pods that run it have no liveness or readiness probe");
        }

        for (var i = 0; i < image.History.Count; i++)
        {
            var line = image.History[i];
            if (IsLoneUpdate(line))
            {
                Add("4.7", $"history step {i + 1} updates the package index without installing in the same step: {Shorten(line)}");
            }

            if (i > 0 && IsAdd(line))
            {
                Add("4.9", $"history step {i + 1} uses ADD: {Shorten(line)}");
            }

            if (SecretPatterns.InText(line) is { } secret)
            {
                Add("4.10", $"history step {i + 1} holds {secret}");
            }
        }

        var setId = image.Files.Where(f => (f.Mode & (SetUid | SetGid)) != 0).Select(f => f.Path).ToList();
        if (setId.Count > 0)
        {
            Add("4.8", $"{setId.Count} file(s) with setuid or setgid: {string.Join(", ", setId.Take(5))}{(setId.Count > 5 ? ", …" : "")}");
        }

        foreach (var env in image.Env)
        {
            if (SecretPatterns.InEnv(env) is { } reason)
            {
                Add("4.10", reason);
            }
        }

        foreach (var file in image.Files.Where(f => SecretPatterns.IsCredentialFile(f.Path)))
        {
            Add("4.10", $"the layers hold a credential file: {file.Path}");
        }

        if (image.Command.Any(a => a.EndsWith("sshd", StringComparison.Ordinal) || a.Contains("/sshd ", StringComparison.Ordinal)))
        {
            Add("5.7", $"the image starts sshd: {string.Join(' ', image.Command)}");
        }

        return findings;
    }

    private static bool IsLoneUpdate(string line)
    {
        var l = line.ToLowerInvariant();
        var update = l.Contains("apt-get update", StringComparison.Ordinal) || l.Contains("apt update", StringComparison.Ordinal)
            || l.Contains("apk update", StringComparison.Ordinal) || l.Contains("yum update", StringComparison.Ordinal) || l.Contains("dnf update", StringComparison.Ordinal);
        return update && !l.Contains("install", StringComparison.Ordinal) && !l.Contains("upgrade", StringComparison.Ordinal) && !l.Contains("apk add", StringComparison.Ordinal);
    }

    private static bool IsAdd(string line)
    {
        var t = line.Replace("/bin/sh -c #(nop)", "", StringComparison.Ordinal).TrimStart();
        return t.StartsWith("ADD ", StringComparison.Ordinal);
    }

    private static string Shorten(string text) => text.Length <= 100 ? text.Trim() : text[..100].Trim() + "…";
}
