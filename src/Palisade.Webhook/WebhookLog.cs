using Microsoft.Extensions.Logging;

namespace Palisade.Webhook;

/// <summary>The server's log events, source-generated (but for the decision line): stable event ids, no formatting unless the level is on.</summary>
internal static partial class WebhookLog
{
    /// <summary>Event 1, one line per admission; see <see cref="DecisionLogEntry"/> for why it is not generated.</summary>
    public static void Decision(ILogger logger, in DecisionLogEntry entry)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Log(LogLevel.Information, DecisionLogEntry.EventId, entry, null, DecisionLogEntry.Formatter);
        }
    }

    [LoggerMessage(2, LogLevel.Warning, "admission {Operation} bad request from {Remote}: {Message}")]
    public static partial void BadRequest(ILogger logger, string operation, string? remote, string message);

    [LoggerMessage(3, LogLevel.Information, "policy {Source} loaded: {Tiers} tiers")]
    public static partial void PolicyLoaded(ILogger logger, string source, int tiers);

    [LoggerMessage(4, LogLevel.Error, "policy {Source} rejected, keeping the last good policy ({Count} problems): {Problem}")]
    public static partial void PolicyRejected(ILogger logger, string source, int count, string problem);

    [LoggerMessage(5, LogLevel.Information, "certificate reloaded: subject {Subject}, expires {NotAfter:o}")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(6, LogLevel.Error, "certificate reload failed, keeping the certificate in use: {Message}")]
    public static partial void CertificateRejected(ILogger logger, string message);

    [LoggerMessage(7, LogLevel.Information, "listening on https://{Address} (policy {Policy}, namespace labels from {Namespaces})")]
    public static partial void Listening(ILogger logger, string address, string policy, string namespaces);

    [LoggerMessage(8, LogLevel.Warning, "namespace watch failed, retrying in {Delay}: {Message}")]
    public static partial void NamespaceWatchFailed(ILogger logger, TimeSpan delay, string message);

    [LoggerMessage(9, LogLevel.Information, "namespace labels synced: {Count} namespaces")]
    public static partial void NamespacesSynced(ILogger logger, int count);
}
