using System.Globalization;
using Palisade.Core.Checking;
using Palisade.Core.Reports;

namespace Palisade.Cli.Output;

/// <summary>
/// <c>check --format text</c>: per file, one aligned row per object (line, object, policy, verdict) with its violations
/// beneath, each at its own line:column. Written straight to the writer rather than through a table widget: a CI log
/// of thousands of objects must render in milliseconds.
/// </summary>
internal sealed class CheckTextRenderer(TextWriter writer, bool color)
{
    public static void Render(CheckReport report, TextWriter writer, bool isTerminal)
    {
        var color = isTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

        // The colour codes are this renderer's own, so they go past the escaping writer; every field from the input is
        // escaped here instead (a manifest's names and messages must never drive the terminal).
        new CheckTextRenderer(color && writer is TerminalSafeWriter safe ? safe.Inner : writer, color).Render(report);
    }

    private void Render(CheckReport report)
    {
        foreach (var file in report.Results.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var rows = file.Select(r => (Result: r, Line: Number(r.Position.Line), Policy: E(PolicyText(r)), Name: E(r.DisplayName))).ToList();
            var lineWidth = Math.Max(4, rows.Max(r => r.Line.Length));
            var nameWidth = Math.Max(6, rows.Max(r => r.Name.Length));
            var policyWidth = Math.Max(6, rows.Max(r => r.Policy.Length));

            writer.WriteLine(Paint(E(file.Key), "1"));
            writer.WriteLine(Paint($"  {"Line".PadLeft(lineWidth)}  {"Object".PadRight(nameWidth)}  {"Policy".PadRight(policyWidth)}  Verdict", "2"));
            foreach (var (r, line, policy, name) in rows)
            {
                var verdict = r.Allowed ? Paint("allowed", "32") : Paint("DENIED", "1;31");
                writer.WriteLine($"  {line.PadLeft(lineWidth)}  {name.PadRight(nameWidth)}  {policy.PadRight(policyWidth)}  {verdict}");
                if (r.Tier is not null)
                {
                    writer.WriteLine($"  {new string(' ', lineWidth)}    {Paint("tier", "36")} {E(r.Tier)} ({E(r.TierReason ?? "")}); {E(RuntimeText(r))}");
                }

                foreach (var v in r.Violations)
                {
                    var at = $"{Number(v.Position.Line)}:{Number(v.Position.Column)}";
                    writer.WriteLine($"  {new string(' ', lineWidth)}    {Paint(at, "2")} {Paint(E(v.Check), "33")}: {E(v.Message)}");
                }
            }

            writer.WriteLine();
        }

        var s = report.Summary;
        var denied = s.Denied > 0 ? Paint($"{s.Denied} denied", "1;31") : "0 denied";
        writer.WriteLine(
            $"{s.Objects} {Plural(s.Objects, "object")} checked: {Paint($"{s.Allowed} allowed", "32")}, {denied}; "
            + $"{s.Skipped} skipped (not pod-bearing or no template); {s.Errors} input {Plural(s.Errors, "error")}; {s.Files} {Plural(s.Files, "file")} read.");
    }

    private static string RuntimeText(ObjectResult r)
    {
        var runtime = r.RuntimeClass is null ? "runtime class: none (host kernel)" : $"runtime class: {r.RuntimeClass}";
        return r.Patch.Count == 0
            ? runtime
            : $"{runtime}; admission sets {string.Join(", ", r.Patch.Select(op => op.Path[(op.Path.LastIndexOf('/') + 1)..]))}";
    }

    private static string PolicyText(ObjectResult r) =>
        r.PolicySource == "default" ? r.Policy.ToString() : $"{r.Policy} ({r.PolicySource})";

    private string Paint(string text, string sgr) => color ? $"\u001b[{sgr}m{text}\u001b[0m" : text;

    private static string E(string text) => TerminalText.Escape(text);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
