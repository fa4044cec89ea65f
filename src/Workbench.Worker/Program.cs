namespace Workbench.Worker;

// One training run per process, so a native crash or OOM in libtorch only ever takes this process down.
internal static class Program
{
    public static Task<int> Main(string[] args) => WorkerCommand.Build().Parse(args).InvokeAsync();
}
