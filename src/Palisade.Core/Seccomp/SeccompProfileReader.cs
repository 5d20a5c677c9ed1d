using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Core.Seccomp;

/// <summary>
/// Reads OCI / Docker seccomp JSON. Malformed input is a value (diagnostics with line and column), never an
/// exception. Fields Palisade does not model (<c>flags</c>, <c>comment</c>, <c>includes</c>…) are ignored; Docker's
/// <c>archMap</c> is flattened into <c>architectures</c> when <c>architectures</c> is absent. Comments and trailing
/// commas are refused, as runc's and containerd's JSON decoder (Go's encoding/json) refuses them.
/// </summary>
public static class SeccompProfileReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        PropertyNameCaseInsensitive = false,
    };

    public static SeccompReadResult Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProfileDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<ProfileDto>(json, Options);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (message.StartsWith(ConversionPrefix, StringComparison.Ordinal))
            {
                message = $"{e.Path ?? "$"} must be {Expected(message[ConversionPrefix.Length..])}.";
                cut = -1;
            }
            else if (message.StartsWith("'/'", StringComparison.Ordinal))
            {
                message = "A comment ('//' or '/*'): JSON has none, and runc and containerd refuse the profile." + (cut > 0 ? message[cut..] : "");
                cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            }

            return Fail(new SeccompDiagnostic(
                "invalid-json",
                cut > 0 ? message[..cut] : message,
                source,
                e.LineNumber + 1,
                e.BytePositionInLine + 1,
                e.Path));
        }

        if (dto is null)
        {
            return Fail(new SeccompDiagnostic("not-an-object", "The document is JSON null, not a seccomp profile object.", source, 1, 1, "$"));
        }

        var diagnostics = new List<SeccompDiagnostic>();
        if (string.IsNullOrWhiteSpace(dto.DefaultAction))
        {
            diagnostics.Add(new SeccompDiagnostic("missing-default-action", "The profile has no 'defaultAction'.", source, Path: "$.defaultAction"));
        }

        var rules = new List<SeccompRule>();
        var syscalls = dto.Syscalls ?? [];
        for (var i = 0; i < syscalls.Count; i++)
        {
            var rule = syscalls[i];
            if (rule is null)
            {
                diagnostics.Add(new SeccompDiagnostic("null-rule", $"Rule {i} is null.", source, Path: $"$.syscalls[{i}]"));
                continue;
            }

            IReadOnlyList<string> names = rule.Names is null ? [] : [.. rule.Names.Select(n => n ?? string.Empty)];
            if (rule.Name is not null && names.Count == 0)
            {
                // Pre-1.0 runtime-spec profiles used a single "name".
                names = [rule.Name];
            }

            var args = rule.Args?.Where(a => a is not null).Select(a => new SeccompArg(a!.Index, a.Value, a.ValueTwo, a.Op ?? string.Empty)).ToList();
            rules.Add(new SeccompRule(names, rule.Action ?? string.Empty, rule.ErrnoRet, args is { Count: > 0 } ? args : null));
        }

        if (diagnostics.Count > 0)
        {
            return new SeccompReadResult(null, diagnostics);
        }

        var architectures = dto.Architectures?.Select(a => a ?? string.Empty).ToList()
            ?? dto.ArchMap?.Where(m => m is not null)
                .SelectMany(m => new[] { m!.Architecture ?? string.Empty }.Concat(m.SubArchitectures?.Select(s => s ?? string.Empty) ?? []))
                .ToList()
            ?? [];

        var profile = new SeccompProfile
        {
            DefaultAction = dto.DefaultAction!,
            DefaultErrnoRet = dto.DefaultErrnoRet,
            Architectures = architectures,
            Syscalls = rules,
        };
        return new SeccompReadResult(profile, []);
    }

    private const string ConversionPrefix = "The JSON value could not be converted to ";

    /// <summary>What a field holds, in the profile's words rather than .NET's type names.</summary>
    private static string Expected(string type) => type switch
    {
        _ when type.StartsWith("System.String", StringComparison.Ordinal) => "a string",
        _ when type.Contains("UInt32", StringComparison.Ordinal) => "a whole number from 0 to 4294967295",
        _ when type.Contains("UInt64", StringComparison.Ordinal) => "a whole number from 0 to 18446744073709551615",
        _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "a list",
        _ => "an object",
    };

    private static SeccompReadResult Fail(SeccompDiagnostic diagnostic) => new(null, [diagnostic]);

    private sealed class ProfileDto
    {
        [JsonPropertyName("defaultAction")]
        public string? DefaultAction { get; set; }

        [JsonPropertyName("defaultErrnoRet")]
        public uint? DefaultErrnoRet { get; set; }

        [JsonPropertyName("architectures")]
        public List<string?>? Architectures { get; set; }

        [JsonPropertyName("archMap")]
        public List<ArchMapDto?>? ArchMap { get; set; }

        [JsonPropertyName("syscalls")]
        public List<RuleDto?>? Syscalls { get; set; }
    }

    private sealed class ArchMapDto
    {
        [JsonPropertyName("architecture")]
        public string? Architecture { get; set; }

        [JsonPropertyName("subArchitectures")]
        public List<string?>? SubArchitectures { get; set; }
    }

    private sealed class RuleDto
    {
        [JsonPropertyName("names")]
        public List<string?>? Names { get; set; }

        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("action")]
        public string? Action { get; set; }

        [JsonPropertyName("errnoRet")]
        public uint? ErrnoRet { get; set; }

        [JsonPropertyName("args")]
        public List<ArgDto?>? Args { get; set; }
    }

    private sealed class ArgDto
    {
        [JsonPropertyName("index")]
        public uint Index { get; set; }

        [JsonPropertyName("value")]
        public ulong Value { get; set; }

        [JsonPropertyName("valueTwo")]
        public ulong? ValueTwo { get; set; }

        [JsonPropertyName("op")]
        public string? Op { get; set; }
    }
}
