using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

public sealed class RunLeaseRecoveryTests
{
    [Fact]
    public async Task Scheduler_RunOfAHostWhoseLeaseRanOut_InterruptedNamingThatHostWhileItsOwnRunsStay()
    {
        await using var server = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:HostId"] = "host-b" });
        _ = server.BaseAddress;
        var abandoned = await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("abandoned", steps: 50), RunStatus.Running);
        var alive = await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("alive", steps: 50), RunStatus.Running);
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            await db.Runs.Where(r => r.Id == abandoned).ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerHost, "host-a").SetProperty(r => r.LeaseExpiresAt, now.AddSeconds(-1)));
            await db.Runs.Where(r => r.Id == alive).ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerHost, "host-c").SetProperty(r => r.LeaseExpiresAt, now.AddMinutes(5)));
        }
        server.Services.GetRequiredService<Workbench.Web.Orchestration.RunScheduler>().Wake();

        var recovered = await server.WaitForTerminalAsync(abandoned, TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Interrupted, recovered.Status);
        Assert.Contains("host-a", recovered.Error);
        Assert.Equal(RunStatus.Running, (await server.Store.GetAsync(alive))!.Status);
    }
}
