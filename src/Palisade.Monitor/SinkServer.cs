using System.Net.Sockets;
using Google.Protobuf;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Points;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor;

/// <summary>
/// gVisor's remote sink: a Unix SOCK_SEQPACKET server. Each sandbox connects, sends its Handshake, reads ours, then
/// streams header + protobuf messages. Every connection is served on its own; whatever one sends cannot stop another.
/// </summary>
internal sealed class SinkServer : IAsyncDisposable
{
    private const uint Version = 1;
    private readonly Socket listener;
    private readonly SinkOptions options;
    private readonly MonitorMetrics metrics;
    private readonly Action<MonitorEvent> onEvent;
    private readonly ResourceSampler? sampler;
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;
    private readonly List<Task> connections = [];

    private SinkServer(Socket listener, SinkOptions options, MonitorMetrics metrics, Action<MonitorEvent> onEvent, ResourceSampler? sampler)
    {
        this.sampler = sampler;
        this.listener = listener;
        this.options = options;
        this.metrics = metrics;
        this.onEvent = onEvent;
        acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>Listens on <see cref="SinkOptions.SocketPath"/>; a stale socket nobody listens on is replaced.</summary>
    public static SinkServer Start(SinkOptions options, MonitorMetrics metrics, Action<MonitorEvent> onEvent, ResourceSampler? sampler = null)
    {
        RemoveStaleSocket(options.SocketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(options.SocketPath));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SinkServer(socket, options, metrics, onEvent, sampler);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
        stop.Dispose();
        File.Delete(options.SocketPath);
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        // A socket cannot be opened as a file (ENXIO); anything that can is the user's and is left alone.
        var isFile = true;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
        }
        catch (IOException)
        {
            isFile = false;
        }

        if (isFile)
        {
            throw new IOException($"{path} exists and is not a socket; choose another --socket path");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"another monitor is listening on {path}");
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var task = Task.Run(() => ServeAsync(client));
            lock (connections)
            {
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[options.MaxMessageBytes + 1];
            if (!await HandshakeAsync(client, buffer).ConfigureAwait(false))
            {
                metrics.Rejected.Inc();
                return;
            }

            metrics.Connected.Inc();
            var state = new SandboxState();
            try
            {
                while (true)
                {
                    var received = await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token).ConfigureAwait(false);
                    if (received == 0)
                    {
                        return;
                    }

                    if (Handle(buffer.AsSpan(0, received), received > options.MaxMessageBytes, state) is { } containerId
                        && options.PodLookup is { } lookup && state.PodLookupWanted(containerId) is { } wanted)
                    {
                        // Awaited here, between two messages of this sandbox only: its next events carry the pod.
                        state.Pod = await lookup(wanted, stop.Token).ConfigureAwait(false);
                        metrics.PodLookups.WithLabels(state.Pod is null ? "unknown" : "found").Inc();
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The sandbox went away or the monitor is stopping.
            }
            finally
            {
                metrics.Connected.Dec();
                foreach (var id in state.Containers)
                {
                    sampler?.Forget(id);
                }
            }
        }
    }

    /// <summary>Decodes and passes on one message; returns the event's container id, or null when there was no event.</summary>
    private string? Handle(ReadOnlySpan<byte> message, bool oversized, SandboxState state)
    {
        var header = oversized ? null : WireHeader.TryRead(message);
        if (header is not { } h)
        {
            metrics.Malformed.Inc();
            return null;
        }

        if (h.DroppedCount > 0)
        {
            metrics.Dropped.Inc(h.DroppedCount);
        }

        switch (PointDecoder.Decode(h.MessageType, message[h.HeaderSize..], state, out var e))
        {
            case DecodeOutcome.Event:
                if (sampler is not null && e!.Type == "container_start" && e.ContainerId.Length > 0 && state.Started(e.ContainerId)
                    && !sampler.Track(e.ContainerId))
                {
                    state.Forgot(e.ContainerId);
                }

                onEvent(e!);
                return e!.ContainerId;
            case DecodeOutcome.UnknownType:
                metrics.Unknown.Inc();
                break;
            case DecodeOutcome.Malformed:
                metrics.Malformed.Inc();
                break;
        }

        return null;
    }

    private async Task<bool> HandshakeAsync(Socket client, byte[] buffer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            var received = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (received == 0 || received > options.MaxMessageBytes)
            {
                return false;
            }

            var theirs = Handshake.Parser.ParseFrom(buffer, 0, received);
            if (theirs.Version < 1)
            {
                return false;
            }

            await client.SendAsync(new Handshake { Version = Version }.ToByteArray(), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
