using Workbench.Worker;

// One training run per process, so a native crash or OOM in libtorch only ever takes this process down.
return await WorkerCommand.Build().Parse(args).InvokeAsync();
