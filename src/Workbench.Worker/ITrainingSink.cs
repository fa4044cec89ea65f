using Workbench.Training.Trainer;

namespace Workbench.Worker;

/// <summary>A reporter that also carries the run's outcome to wherever the worker reports.</summary>
public interface ITrainingSink : ITrainingReporter, IAsyncDisposable
{
    /// <summary>Sends everything still queued.</summary>
    Task FlushAsync();
    Task CompletedAsync();
    Task FailedAsync(string reason);

    /// <summary>The run stopped on request before its last step (the web host records that itself, so by default nothing).</summary>
    Task CancelledAsync() => Task.CompletedTask;
}
