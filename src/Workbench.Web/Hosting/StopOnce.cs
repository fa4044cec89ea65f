namespace Workbench.Web.Hosting;

/// <summary>
/// A hosted service's stop, run once: the host may stop its services twice (a test factory's <c>StopAsync</c> and the app's
/// own <c>app.Run</c> both do, dotnet/aspnetcore#40271), and a second pass must wait for the first, not redo it concurrently
/// (marking runs again after the server was reported stopped; disposing a Redis connection twice at once).
/// </summary>
public sealed class StopOnce
{
    private readonly Lock _lock = new();
    private Task? _stopping;

    /// <summary>Starts <paramref name="stop"/> on the first call; every call returns that same task.</summary>
    public Task Run(Func<Task> stop)
    {
        lock (_lock) return _stopping ??= stop();
    }
}
