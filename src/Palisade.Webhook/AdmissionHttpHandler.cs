using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Palisade.Core.Admission;

namespace Palisade.Webhook;

/// <summary>
/// <c>POST /mutate</c> and <c>POST /validate</c>: read the body (at most 3 MiB), let the Core handler answer, write the
/// answer with its length. Bad input is a 400 or 413 with one line of text; nothing here throws at the client.
/// </summary>
internal sealed class AdmissionHttpHandler(PolicyStore policies, WebhookMetrics metrics, ILogger logger, bool logDecisions)
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_output;

    public async Task HandleAsync(HttpContext context, AdmissionEndpoint kind)
    {
        var operation = kind == AdmissionEndpoint.Mutate ? "mutate" : "validate";
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        if (request.ContentLength > WebhookOptions.MaxBodyBytes)
        {
            await RefuseAsync(context, operation, StatusCodes.Status413PayloadTooLarge, "too_large", $"request body of {request.ContentLength} bytes is over the 3 MiB limit").ConfigureAwait(false);
            return;
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                if (read.Buffer.Length > WebhookOptions.MaxBodyBytes)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    await RefuseAsync(context, operation, StatusCodes.Status413PayloadTooLarge, "too_large", "request body is over the 3 MiB limit").ConfigureAwait(false);
                    return;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits: MaxRequestBodySize (413) and MinRequestBodyDataRate (a client that stalls).
            await RefuseAsync(context, operation, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too_large" : "bad_request", e.Message).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or OverflowException)
        {
            // A transport that cannot be decoded (a chunk size of 17 hex digits, a broken frame): the client's fault.
            await RefuseAsync(context, operation, StatusCodes.Status400BadRequest, "bad_request", e.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var output = t_output ??= new ArrayBufferWriter<byte>(16 * 1024);
        output.ResetWrittenCount();
        AdmissionOutcome outcome;
        var buffer = read.Buffer;
        if (buffer.IsSingleSegment)
        {
            outcome = policies.Current.Handle(buffer.First, kind, output);
        }
        else
        {
            var length = checked((int)buffer.Length);
            var rented = ArrayPool<byte>.Shared.Rent(length);
            buffer.CopyTo(rented);
            outcome = policies.Current.Handle(rented.AsMemory(0, length), kind, output);
            ArrayPool<byte>.Shared.Return(rented);
        }

        reader.AdvanceTo(buffer.End);
        if (outcome.BadRequest is { } problem)
        {
            var at = outcome.BadRequestPosition;
            var text = at.IsKnown ? string.Create(CultureInfo.InvariantCulture, $"{problem} (line {at.Line}, column {at.Column})") : problem;
            await RefuseAsync(context, operation, StatusCodes.Status400BadRequest, "bad_request", text).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "application/json";
        response.ContentLength = output.WrittenCount;
        response.BodyWriter.Write(output.WrittenSpan);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Record(operation, outcome, seconds);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(string operation, AdmissionOutcome outcome, double seconds)
    {
        metrics.Request(operation, outcome.Kind, outcome.Verdict, outcome.Tier, outcome.RuntimeClass, seconds);
        if (outcome.EvaluationError is not null)
        {
            metrics.Error(operation, "evaluation_failed");
        }

        if (logDecisions)
        {
            WebhookLog.Decision(logger, new DecisionLogEntry(operation, outcome.Verdict, outcome.Kind, outcome.Namespace, outcome.Name, outcome.Tier, outcome.RuntimeClass, outcome.DryRun, outcome.Uid, outcome.UserName, Math.Round(seconds * 1000, 3), outcome.Message ?? ""));
        }
    }

    private async Task RefuseAsync(HttpContext context, string operation, int status, string reason, string message)
    {
        // The message quotes the client's fields: its control characters are shown escaped, in the log and the answer.
        message = Palisade.Core.Reports.TerminalText.Escape(message);
        metrics.Error(operation, reason);
        WebhookLog.BadRequest(logger, operation, context.Connection.RemoteIpAddress?.ToString(), message);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";

        if (reason == "too_large" && HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            // The client may still be sending a body we will not read: close the connection after this answer.
            response.Headers.Connection = "close";
        }

        await response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
