using System.CommandLine;
using System.Text;
using Palisade.Cli.Output;
using Palisade.Core.Policy.Testing;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade policy test DIR</c>: the expectations in every <c>palisade-test.yaml</c> under DIR, run through the engine.</summary>
internal static class PolicyTestCommand
{
    public const string Examples = """
        DIR is a folder searched recursively for palisade-test.yaml files, or one test file. A test file (kind PolicyTest,
        see docs/policy.md) names a RuntimePolicy file (default: the built-in policy), manifest files, and for each
        resource (Kind/name or Kind/namespace/name) the expected tier, runtimeClass ("" for none) and allowed. Each
        resource is evaluated as the webhook would (the tier's patch, then Pod Security and the runtime rule), with the
        labels of the Namespace objects among the manifests. --format junit gives one testsuite per test file and one
        testcase per expectation, for CI.

        Exit codes: 0 every expectation holds, 1 some expectation failed, 2 a bad test, policy or resource file
        (file:line:col) or usage.

        Examples:
          palisade policy test examples/policy-tests/
          palisade policy test policy-tests/ --format junit --output policy-tests.xml
          palisade policy test policy-tests/team-a/palisade-test.yaml --format json
        """;

    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = $"A folder searched for {PolicyTestReader.FileName} files, or one test file." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, json or junit.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "junit");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file." };
        var command = new Command("test", "Run policy tests: resources with their expected tier, runtime class and allow/deny.") { directory, format, output, force };
        command.SetAction(async (parse, cancel) =>
        {
            var destination = parse.GetValue(output);
            var folder = parse.GetValue(directory)!;
            ReportSink.EnsureWritable(destination, parse.GetValue(force), [folder]);
            List<PolicyTestResult> results;
            try
            {
                results = [.. PolicyTestReader.Find(folder).SelectMany(f => PolicyTestRunner.Run(PolicyTestReader.Read(f)))];
            }
            catch (PolicyTestException e)
            {
                throw new UsageException(e.Message);
            }

            await ReportSink.WriteAsync(destination, console.Out, s =>
            {
                switch (parse.GetValue(format))
                {
                    case "junit":
                        PolicyTestReportWriter.JUnit(results, s);
                        break;
                    case "json":
                        s.Write(Encoding.UTF8.GetBytes(PolicyTestReportWriter.Json(results).TrimEnd('\n')));
                        break;
                    default:
                        s.Write(Encoding.UTF8.GetBytes(PolicyTestReportWriter.Text(results).TrimEnd('\n')));
                        break;
                }
            }).ConfigureAwait(false);
            return results.TrueForAll(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}
