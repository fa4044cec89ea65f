using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Xunit.Abstractions;

namespace Workbench.Storage.Tests;

public sealed class RunLeasesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // Three hosts, each with its own connection pool, run the scheduler's claim loop over one queue at the same time:
    // read the queue, then claim each run with the conditional UPDATE until none is left.
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TryClaimAsync_HundredQueuedRunsThreeHosts_EachRunClaimedExactlyOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var store = database.Store();
        var queued = new List<int>();
        for (var i = 0; i < 100; i++) queued.Add((await store.CreateAsync(new RunConfig { Name = $"queued-{i}" })).Id);
        var claims = new ConcurrentBag<(string Host, int RunId)>();
        var lost = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task HostAsync(string host)
        {
            // A pool per host on PostgreSQL (a distinct connection string); SQLite connections are never pooled here.
            var connection = database.Settings.ConnectionString + (provider == DatabaseProvider.PostgreSql ? $";Application Name={host}" : "");
            var factory = TestDatabase.FactoryFor(database.Settings with { ConnectionString = connection });
            var leases = new RunLeases(factory, TimeProvider.System);
            var hostStore = new RunStore(factory, TimeProvider.System);
            await start.Task;
            while (await hostStore.QueuedAsync(1000) is { Count: > 0 } queue)
                foreach (var run in queue)
                    if (await leases.TryClaimAsync(run.Id, host, s_lease)) claims.Add((host, run.Id));
                    else Interlocked.Increment(ref lost);
        }

        var hosts = new[] { "host-a", "host-b", "host-c" }.Select(h => Task.Run(() => HostAsync(h))).ToArray();
        start.SetResult();
        await Task.WhenAll(hosts);

        var perHost = claims.GroupBy(c => c.Host).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"{provider}: {claims.Count} claims of 100 runs ({string.Join(", ", perHost)}); {lost} attempts found the run already taken");
        Assert.Equal(100, claims.Count);
        Assert.Equal(queued.Order(), claims.Select(c => c.RunId).Order());   // every run once, none twice
        await using var db = await database.Factory.CreateDbContextAsync();
        var owners = await db.Runs.ToDictionaryAsync(r => r.Id, r => (r.Status, r.OwnerHost));
        Assert.All(claims, c => Assert.Equal((RunStatus.Running, (string?)c.Host), owners[c.RunId]));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RecoverExpiredAsync_HostStoppedRenewing_InterruptedNamingTheHostAfterTheLeaseOnly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var leases = new RunLeases(database.Factory, clock);
        var renewed = (await database.Store(clock).CreateAsync(new RunConfig { Name = "renewed" })).Id;
        var abandoned = (await database.Store(clock).CreateAsync(new RunConfig { Name = "abandoned" })).Id;
        Assert.True(await leases.TryClaimAsync(renewed, "host-a", s_lease));
        Assert.True(await leases.TryClaimAsync(abandoned, "host-b", s_lease));

        clock.Now += TimeSpan.FromSeconds(20);
        Assert.Empty(await leases.RecoverExpiredAsync());
        Assert.Equal([renewed], await leases.RenewAsync("host-a", [renewed, abandoned], s_lease));   // not host-b's run
        clock.Now += TimeSpan.FromSeconds(20);
        var recovered = await leases.RecoverExpiredAsync();

        var (runId, reason) = Assert.Single(recovered);
        Assert.Equal(abandoned, runId);
        Assert.Contains("host-b", reason);
        var run = (await database.Store().GetAsync(abandoned))!;
        Assert.Equal((RunStatus.Interrupted, reason), (run.Status, run.Error));
        Assert.Equal(RunStatus.Running, (await database.Store().GetAsync(renewed))!.Status);
    }

    // A worker failed over to host-c: host-c takes a run whose lease ran out and revives one recovered meanwhile, but a run
    // whose owner still renews stays its owner's; recovery leaves the adopted runs alone, and waits out its grace.
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AdoptAsync_WorkerFailedOver_TakesExpiredAndInterruptedRunsOnly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var leases = new RunLeases(database.Factory, clock);
        var store = database.Store(clock);
        var expired = (await store.CreateAsync(new RunConfig { Name = "expired" })).Id;
        var recovered = (await store.CreateAsync(new RunConfig { Name = "recovered" })).Id;
        var live = (await store.CreateAsync(new RunConfig { Name = "live" })).Id;
        foreach (var run in (int[])[expired, recovered, live]) Assert.True(await leases.TryClaimAsync(run, "host-a", s_lease));
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.Empty(await leases.RecoverExpiredAsync(grace: TimeSpan.FromSeconds(15)));   // within the grace
        Assert.Equal([live], await leases.RenewAsync("host-a", [live], s_lease));
        clock.Now += TimeSpan.FromSeconds(16);
        Assert.Equal([expired, recovered], (await leases.RecoverExpiredAsync(grace: TimeSpan.FromSeconds(15))).Select(r => r.RunId).Order());
        await using (var db = await database.Factory.CreateDbContextAsync())   // "expired" is running again, as if recovery had not come yet
            await db.Runs.Where(r => r.Id == expired).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.Error, (string?)null).SetProperty(r => r.FinishedAt, (DateTime?)null)
                .SetProperty(r => r.LeaseExpiresAt, clock.Now.UtcDateTime.AddSeconds(-1)));

        var (held, revived) = await leases.AdoptAsync("host-c", [expired, recovered, live], s_lease);

        Assert.Equal([expired, recovered], held.Order());
        Assert.Equal([recovered], revived);
        var runs = await Task.WhenAll(new[] { expired, recovered, live }.Select(id => store.GetAsync(id)));
        Assert.Equal([("host-c", RunStatus.Running, (string?)null), ("host-c", RunStatus.Running, null), ("host-a", RunStatus.Running, null)],
            runs.Select(r => (r!.OwnerHost!, r.Status, r.Error)));
        clock.Now += TimeSpan.FromSeconds(20);
        // host-a's own lease has run out by now; the adopted ones run until adoption + lease.
        Assert.Equal([live], (await leases.RecoverExpiredAsync()).Select(r => r.RunId));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReleaseOwnAsync_HostRestarted_OnlyItsOwnRunsInterrupted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var leases = new RunLeases(database.Factory, TimeProvider.System);
        var store = database.Store();
        var mine = (await store.CreateAsync(new RunConfig { Name = "mine" })).Id;
        var theirs = (await store.CreateAsync(new RunConfig { Name = "theirs" })).Id;
        await leases.TryClaimAsync(mine, "host-a", s_lease);
        await leases.TryClaimAsync(theirs, "host-b", s_lease);

        Assert.Equal([mine], await leases.ReleaseOwnAsync("host-a", "restarted"));

        Assert.Equal(RunStatus.Interrupted, (await store.GetAsync(mine))!.Status);
        Assert.Equal(RunStatus.Running, (await store.GetAsync(theirs))!.Status);
        Assert.False(await leases.TryClaimAsync(mine, "host-b", s_lease));   // only queued runs can be claimed
    }
}
