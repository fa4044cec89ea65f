using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Workbench.Web.Hosting;
using Workbench.Web.Live;

namespace Workbench.Web.ScaleOut;

/// <summary>
/// Makes the in-process run feed span hosts: every event published on this host goes to a Redis channel, in publishing
/// order, and every event another host published there is published into this host's feed. So a page or a hub stream on
/// host B sees the metrics a worker reported to host A, after A stored them (A persists before it publishes).
/// </summary>
public sealed class RunEventRelay(RunEventFeed feed, IOptions<WorkbenchOptions> options, ILogger<RunEventRelay> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("workbench:run-events");

    // Events this relay publishes into the feed must not be sent back out; the feed calls handlers on the publishing thread.
    [ThreadStatic] private static bool t_relaying;

    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly Channel<RunEvent> _outbox = System.Threading.Channels.Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _inbox;
    private IDisposable? _subscription;
    private Task _pump = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(options.Value.Redis!);
        _inbox = await _redis.GetSubscriber().SubscribeAsync(Channel);
        _inbox.OnMessage(message => Receive(message.Message));   // one at a time, in the channel's order
        _subscription = feed.Subscribe(null, runEvent => { if (!t_relaying) _outbox.Writer.TryWrite(runEvent); });
        _pump = PumpAsync(_redis.GetSubscriber());
    }

    private async Task PumpAsync(ISubscriber subscriber)
    {
        await foreach (var runEvent in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                await subscriber.PublishAsync(Channel, RunEventCodec.Encode(_origin, runEvent));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Run {RunId}: {Event} reached only this host's pages; Redis refused it: {Message}", runEvent.RunId, runEvent.GetType().Name, ex.Message);
            }
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var (origin, runEvent) = RunEventCodec.Decode((ReadOnlyMemory<byte>)message);
            if (origin == _origin || runEvent is null) return;
            t_relaying = true;
            try { feed.Publish(runEvent); }
            finally { t_relaying = false; }
        }
        catch (MessagePack.MessagePackSerializationException ex)
        {
            logger.LogWarning("Ignored a message on {Channel} that is not a run event: {Message}", Channel, ex.Message);
        }
    }

    private readonly StopOnce _stop = new();

    /// <summary>Stops once (<see cref="StopOnce"/>): disposing the Redis connection twice at once throws inside the client.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _stop.Run(() => StopOnceAsync(cancellationToken));

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _outbox.Writer.TryComplete();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_inbox is not null) await _inbox.UnsubscribeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }
}
