using System.Text.RegularExpressions;

namespace Palisade.Core.Cis;

/// <summary>
/// The simple, documented patterns of CIS 4.10 (docs/gate.md): an environment variable whose name says secret and
/// whose value is set; a value or history line holding an AWS access key id, a GitHub token, a private-key header or
/// a <c>--password</c> argument; a file whose name is a well-known credential file.
/// </summary>
internal static partial class SecretPatterns
{
    private static readonly string[] CredentialFiles =
        ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".git-credentials", ".netrc", ".pgpass", ".npmrc", ".pypirc"];

    private static readonly string[] CredentialSuffixes = ["/.aws/credentials", "/.docker/config.json", "/.kube/config"];

    [GeneratedRegex(@"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----|--password[= ]\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();

    /// <summary>A reason when <paramref name="entry"/> (<c>NAME=value</c>) looks like a secret, else null.</summary>
    public static string? InEnv(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? entry : entry[..eq];
        var value = eq < 0 ? "" : entry[(eq + 1)..];
        if (SecretName().IsMatch(name) && value.Length > 0 && !value.StartsWith('/'))
        {
            return $"environment variable {name} holds a value (its name says it is a secret)";
        }

        return SecretValue().Match(value) is { Success: true } m ? $"environment variable {name} holds {Describe(m.Value)}" : null;
    }

    public static string? InText(string text) =>
        SecretValue().Match(text) is { Success: true } m ? Describe(m.Value) : null;

    public static bool IsCredentialFile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return CredentialFiles.Contains(name, StringComparer.Ordinal)
            || CredentialSuffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal));
    }

    private static string Describe(string match) => match switch
    {
        _ when match.StartsWith("AKIA", StringComparison.Ordinal) => "an AWS access key id",
        _ when match.StartsWith("gh", StringComparison.Ordinal) => "a GitHub token",
        _ when match.StartsWith("-----", StringComparison.Ordinal) => "a private key",
        _ => "a --password argument",
    };
}
