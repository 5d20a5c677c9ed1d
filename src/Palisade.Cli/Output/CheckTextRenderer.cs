using Palisade.Core.Checking;
using Spectre.Console;

namespace Palisade.Cli.Output;

/// <summary><c>check --format text</c>: a table per file, one row per object, violations under the object.</summary>
internal static class CheckTextRenderer
{
    public static void Render(CheckReport report, IAnsiConsole console)
    {
        foreach (var file in report.Results.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            console.Write(new Rule($"[bold]{Markup.Escape(file.Key)}[/]").LeftJustified());
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("Line", c => c.RightAligned())
                .AddColumn("Object")
                .AddColumn("Policy")
                .AddColumn("Verdict")
                .AddColumn("Violations (line:col check: message)");
            foreach (var r in file)
            {
                var verdict = r.Allowed ? "[green]allowed[/]" : "[red bold]denied[/]";
                var violations = string.Join('\n', r.Violations.Select(v =>
                    $"[dim]{v.Position.Line}:{v.Position.Column}[/] [yellow]{Markup.Escape(v.Check)}[/]: {Markup.Escape(v.Message)}"));
                table.AddRow(
                    new Markup(r.Position.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Markup(Markup.Escape(r.DisplayName)),
                    new Markup(Markup.Escape(r.Policy.ToString()) + (r.PolicySource == "default" ? "" : $"\n[dim]({Markup.Escape(r.PolicySource)})[/]")),
                    new Markup(verdict),
                    new Markup(violations));
            }

            console.Write(table);
        }

        var s = report.Summary;
        var line = $"{s.Objects} {Plural(s.Objects, "object")} checked: [green]{s.Allowed} allowed[/], "
            + (s.Denied > 0 ? $"[red bold]{s.Denied} denied[/]" : "0 denied")
            + $"; {s.Skipped} skipped (no pod template); {s.Errors} input {Plural(s.Errors, "error")}; {s.Files} {Plural(s.Files, "file")} read.";
        console.MarkupLine(line);
    }

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
