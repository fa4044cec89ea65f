namespace Workbench.RunProtocol.Launch;

/// <summary>
/// How a worker's idle OpenMP threads wait for the next parallel region (libtorch's CPU build ships libgomp). Between two
/// ops of a training step the pool is idle for microseconds: threads that went to sleep (<c>PASSIVE</c>) must be woken by
/// a futex for each op, which made the Llama pair's two-thread CE step erratic and slow (median 880 tokens/s over five
/// rounds, against 1,493 spinning briefly and 1,512 spinning always; README, "Speed and memory", fourth pass). Spinning
/// forever (<c>ACTIVE</c>) burns a core whenever the worker is idle (between steps, while it evaluates, while it waits for
/// the host), which on a small machine starves the web server. <c>bounded</c> (libgomp's own default) spins a while and
/// then sleeps: a step's handoffs stay hot, and an idle worker gives its cores back.
/// </summary>
public static class WorkerThreadWait
{
    /// <summary>Sleep at once (<c>OMP_WAIT_POLICY=PASSIVE</c>).</summary>
    public const string Passive = "passive";

    /// <summary>Spin up to <see cref="BoundedSpins"/> iterations, then sleep (the default).</summary>
    public const string Bounded = "bounded";

    /// <summary>Spin without end (<c>OMP_WAIT_POLICY=ACTIVE</c>): for a node whose cores are the worker's alone.</summary>
    public const string Active = "active";

    public static IReadOnlyList<string> Names { get; } = [Bounded, Passive, Active];

    /// <summary>libgomp's own default when neither variable is set (and no more threads than CPUs).</summary>
    public const int BoundedSpins = 300_000;

    /// <summary>The environment variables that choose <paramref name="wait"/>, for a local process, a job script or a pod.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(string wait) => wait switch
    {
        Passive => [new("OMP_WAIT_POLICY", "PASSIVE")],
        // libgomp's default when nothing is set, said explicitly so an inherited setting cannot change it.
        Bounded => [new("GOMP_SPINCOUNT", BoundedSpins.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        Active => [new("OMP_WAIT_POLICY", "ACTIVE")],
        _ => throw new ArgumentException($"Unknown thread wait '{wait}'; use {string.Join(", ", Names)}.", nameof(wait)),
    };

    /// <summary>Sets <paramref name="wait"/>'s variables in a child's environment, replacing any inherited wait setting.</summary>
    public static void Apply(string wait, IDictionary<string, string?> environment)
    {
        environment.Remove("OMP_WAIT_POLICY");
        environment.Remove("GOMP_SPINCOUNT");
        foreach (var (name, value) in Variables(wait)) environment[name] = value;
    }

    /// <summary>The same as <c>NAME=VALUE</c> words for a job script's <c>export</c> line.</summary>
    public static string ExportWords(string wait) => string.Join(' ', Variables(wait).Select(v => $"{v.Key}={v.Value}"));
}
