using Palisade.Core.Files;
using System.Buffers;
using System.CommandLine;
using System.Text;
using Palisade.Cli.Output;
using Palisade.Core.Admission;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Webhook;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade admit FILE</c>: answer one AdmissionReview offline, byte for byte as <c>palisade serve</c> would.</summary>
internal static class AdmitCommand
{
    public const string Examples = """
        FILE is an admission.k8s.io/v1 AdmissionReview (JSON) as the API server sends it, or - for standard input. The
        answer is computed by the same code as `palisade serve`: --format json prints exactly the response body the
        server would send to --webhook mutate (default) or validate; --format text explains it (tier, why it matched,
        the decoded patch, the denial message). Namespace labels come from --namespaces, as for the server.

        Exit codes: 0 allowed, 1 denied, 2 bad input or usage (the server would answer HTTP 400).

        Examples:
          palisade admit review.json
          palisade admit review.json --format text --policy runtime-policy.yaml --namespaces namespaces.yaml
          palisade admit review.json --webhook validate
          kubectl get pod web -o json | jq '{apiVersion:"admission.k8s.io/v1",kind:"AdmissionReview",request:{uid:"1",kind:{group:"",version:"v1",kind:"Pod"},operation:"CREATE",namespace:.metadata.namespace,object:.}}' | palisade admit -
        """;

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "An AdmissionReview JSON file, or - for standard input." };
        var policy = new Option<FileInfo?>("--policy", "-p") { Description = "RuntimePolicy file (default: the built-in policy)." };
        var namespaces = new Option<FileInfo?>("--namespaces") { Description = "Namespace manifests whose labels the policy may match." };
        var webhook = new Option<string>("--webhook")
        {
            Description = "Which webhook to answer as: mutate|validate.",
            DefaultValueFactory = _ => "mutate",
        };
        webhook.AcceptOnlyFromAmong("mutate", "validate");
        var common = new CommonOptions("json", "text");
        var command = new Command("admit", "Evaluate one AdmissionReview offline and print the response the webhook would send, to debug a denial.")
        {
            file, policy, namespaces, webhook,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var input = parse.GetValue(file)!;
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), [input]);
            var handler = new AdmissionReviewHandler(LoadPolicy(parse.GetValue(policy)), LoadNamespaces(parse.GetValue(namespaces)));
            var body = await ReadAsync(input, console, cancel).ConfigureAwait(false);
            var endpoint = parse.GetValue(webhook) == "validate" ? AdmissionEndpoint.Validate : AdmissionEndpoint.Mutate;

            var response = new ArrayBufferWriter<byte>();
            var outcome = handler.Handle(body, endpoint, response);
            if (outcome.BadRequest is { } problem)
            {
                var at = outcome.BadRequestPosition;
                throw new UsageException(at.IsKnown ? $"{input}:{at.Line}:{at.Column}: {problem}" : $"{input}: {problem}");
            }

            if (parse.GetValue(common.Format) == "text")
            {
                var text = AdmitTextRenderer.Render(outcome, endpoint);
                await ReportSink.WriteAsync(output, console.Out, s => s.Write(Encoding.UTF8.GetBytes(text))).ConfigureAwait(false);
            }
            else
            {
                await ReportSink.WriteAsync(output, console.Out, s => s.Write(response.WrittenSpan)).ConfigureAwait(false);
            }

            return outcome.Response!.Allowed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    internal static RuntimePolicy LoadPolicy(FileInfo? file)
    {
        if (file is null)
        {
            return RuntimePolicyLoader.Default;
        }

        try
        {
            return RuntimePolicyLoader.Load(file.ToString());
        }
        catch (RuntimePolicyException e)
        {
            throw new UsageException(e.Message);
        }
    }

    internal static NamespaceLabels LoadNamespaces(FileInfo? file)
    {
        if (file is null)
        {
            return NamespaceLabels.Empty;
        }

        var labels = NamespaceLabels.FromManifests(ManifestLoader.Load([file.ToString()]), out var problems);
        return problems.Count == 0
            ? labels
            : throw new UsageException(problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : ""));
    }

    private static async Task<byte[]> ReadAsync(string input, CliConsole console, CancellationToken cancel)
    {
        try
        {
            return input == "-"
                ? Encoding.UTF8.GetBytes(await BoundedRead.TextAsync(console.In, WebhookOptions.MaxBodyBytes, input, cancel).ConfigureAwait(false))
                : BoundedRead.File(input, WebhookOptions.MaxBodyBytes);
        }
        catch (InputTooLargeException)
        {
            throw new UsageException($"{input}: over the 3 MiB limit of an admission request body");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{input}: cannot read: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
