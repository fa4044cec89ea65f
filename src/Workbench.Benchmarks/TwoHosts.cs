using Workbench.Tests.Shared;

namespace Workbench.Benchmarks;

/// <summary>
/// Two real web hosts on one PostgreSQL database and one Redis, as <c>--latency --hosts 2</c> measures them: the servers are
/// started on loopback in their own folders (the test fixtures' PostgreSQL and Redis), or given with
/// <c>--postgres "Host=...;Database=..." --redis host:port</c>.
/// </summary>
public static class TwoHosts
{
    public static async Task<IReadOnlyList<ServerProcess>> StartAsync(string configuration, string[] args)
    {
        var database = Option(args, "--postgres") ?? await (await PostgreSqlServer.SharedAsync()).CreateDatabaseAsync();
        var redis = Option(args, "--redis") ?? (await RedisServer.SharedAsync()).Configuration;
        var hosts = new List<ServerProcess>();
        foreach (var id in (string[])["bench-a", "bench-b"])   // one after the other: the first migrates the database
            hosts.Add(await ServerProcess.StartAsync(configuration, new Dictionary<string, string>
            {
                ["Workbench__Database__Provider"] = "postgresql",
                ["Workbench__Database__ConnectionString"] = database,
                ["Workbench__Redis"] = redis,
                ["Workbench__HostId"] = id,
            }));
        return hosts;
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
