namespace Palisade.Webhook;

/// <summary>The server cannot start: a certificate, key, policy or namespace file is wrong. The message names the file.</summary>
public sealed class WebhookStartException(string message) : Exception(message);
