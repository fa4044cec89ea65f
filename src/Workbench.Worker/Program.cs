namespace Workbench.Worker;

// One training run per process, so a native crash or OOM in libtorch only ever takes this process down.
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        Training.Devices.NativeHeap.Apply();   // opt-in (WORKBENCH_MALLOC_MMAP_THRESHOLD): freed activations go back to the system
        return WorkerCommand.Build().Parse(args).InvokeAsync();
    }
}
