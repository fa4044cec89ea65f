using Microsoft.AspNetCore.Components;
using Workbench.Experiments.OnPolicy;
using Workbench.Storage;
using Workbench.Web.Live;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// Live view of <see cref="PolicySamples"/>: the stored latest first (a finished run keeps its last samples), then each new report
/// from the feed, at most two renders a second.
/// </summary>
public sealed partial class PolicySamplesPanel : IDisposable
{
    private static readonly TimeSpan s_refreshInterval = TimeSpan.FromMilliseconds(500);

    private PolicySamples? _samples;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;

    /// <summary>The run whose samples to show. Required.</summary>
    [Parameter, EditorRequired] public required int RunId { get; set; }

    [Inject] public required PolicySampleStore Store { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<PolicySamplesPanel> Logger { get; init; }

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            // Subscribe before reading the stored samples; a report that arrives meanwhile is newer and wins.
            _throttler = new CallbackThrottler(() => InvokeAsync(StateHasChanged), s_refreshInterval, Time, Logger);
            _subscription = Feed.Subscribe(RunId, e =>
            {
                if (e is not PolicySamplesReported reported) return;
                Volatile.Write(ref _samples, reported.Samples);
                _throttler.Notify();
            });
        }
        var stored = await Store.GetAsync(RunId);
        if (stored is not null) Interlocked.CompareExchange(ref _samples, stored, null);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
