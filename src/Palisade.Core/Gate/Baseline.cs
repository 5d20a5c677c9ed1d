using System.Text.Json;
using Palisade.Core.Reports;

namespace Palisade.Core.Gate;

/// <summary>
/// The findings that existed when a baseline was written (<c>--write-baseline</c>); with <c>--baseline</c> only
/// findings not in it fail. Entries are <see cref="GateFinding.Key"/>s: vulnerability id, package and installed
/// version (not the image digest, so a rebuilt image keeps its baseline), or check, object and field for policy and
/// CIS findings. Canary failures are never baselined.
/// </summary>
public sealed class Baseline
{
    public const int Version = 1;

    private readonly HashSet<string> _keys;

    public Baseline(IEnumerable<string> keys)
    {
        _keys = new HashSet<string>(keys, StringComparer.Ordinal);
    }

    public int Count => _keys.Count;

    public bool Contains(string key) => _keys.Contains(key);

    /// <summary>The baseline, or a located problem (malformed JSON, wrong shape, unknown version).</summary>
    public static (Baseline? Baseline, GateInputProblem? Problem) Read(string source, ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("palisadeGateBaseline", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                return (null, new GateInputProblem(source, 1, 1, "not a palisade gate baseline (write one with --write-baseline)"));
            }

            if (version.GetInt32() != Version)
            {
                return (null, new GateInputProblem(source, 0, 0, $"baseline version {version.GetRawText()} is not supported (only {Version})"));
            }

            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
            {
                return (null, new GateInputProblem(source, 0, 0, "baseline: \"findings\" must be a list"));
            }

            var keys = new List<string>();
            foreach (var f in findings.EnumerateArray())
            {
                if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    keys.Add(key.GetString()!);
                }
                else
                {
                    return (null, new GateInputProblem(source, 0, 0, "baseline: every finding needs a \"key\" string"));
                }
            }

            return (new Baseline(keys), null);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? -1) + 1;
            return (null, new GateInputProblem(source, line, line > 0 ? (int)(ex.BytePositionInLine ?? 0) + 1 : 0, "not valid JSON"));
        }
    }

    /// <summary>Writes every finding of <paramref name="verdict"/> that a baseline can hold (all but canary ones).</summary>
    public static void Write(GateVerdict verdict, Stream output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteNumber("palisadeGateBaseline", Version);
        w.WriteStartArray("findings");
        foreach (var f in verdict.Findings.Where(f => f.Category != GateCategory.Canary && f.Outcome is GateOutcome.Fail or GateOutcome.Baselined)
                     .DistinctBy(f => f.Key).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", f.Key);
            w.WriteString("rule", f.RuleId);
            w.WriteString("subject", f.Subject);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
