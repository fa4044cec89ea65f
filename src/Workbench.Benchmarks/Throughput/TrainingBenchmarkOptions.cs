using System.Globalization;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// Options of <c>training</c> mode: <c>[--quick] [--out FILE] [--threads 1,2] [--pairs builtin,llama] [--cases ce,...]
/// [--reps N] [--min-seconds S] [--warmup N] [--matmul N] [--twin SCRIPT [--rounds N]] [--profile] [--logit-chunk-rows N] [--malloc-mmap-threshold BYTES] [--allocator tcmalloc|glibc] [--thread-wait bounded|passive|active] [--precision fp32|bf16]</c>. A child process measuring one case also gets <c>--case PAIR/CASE</c> or <c>--peak</c>.
/// </summary>
public sealed record TrainingBenchmarkOptions
{
    public string? OutPath { get; init; }
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];
    public IReadOnlyList<BenchmarkPair> Pairs { get; init; } = BenchmarkPair.All;
    public IReadOnlyList<ThroughputCase> Cases { get; init; } = ThroughputCase.All;
    public int Repetitions { get; init; } = 5;
    public int WarmUp { get; init; } = 2;

    /// <summary>Timed work a case gets at least: fast cases repeat beyond <see cref="Repetitions"/> until then.</summary>
    public double MinSeconds { get; init; } = 2;
    public int MatmulSize { get; init; } = 2048;

    /// <summary>The PyTorch eager twin's script: when set, the Llama pair's cases it shares run side by side with it (<see cref="SideBySideBenchmark"/>).</summary>
    public string? TwinScript { get; init; }

    /// <summary>Rows per chunk of the chunked logit loss in distillation steps; null for the step's default, 0 for whole logits.</summary>
    public long? LogitChunkRows { get; init; }

    /// <summary>
    /// glibc's mmap threshold for the case processes, pinned as a worker pins it with <c>WORKBENCH_MALLOC_MMAP_THRESHOLD</c>
    /// (<see cref="Training.Devices.NativeHeap"/>); null or 0: glibc's own, which rises up to 32 MB as large blocks are
    /// freed, after which tensor-sized blocks stay resident in the heap.
    /// </summary>
    public long? MallocMmapThreshold { get; init; }

    /// <summary>The case processes' native allocator, as a worker's (<c>Workbench:WorkerAllocator</c>): tcmalloc when found, or glibc.</summary>
    public string Allocator { get; init; } = RunProtocol.Launch.WorkerAllocator.Tcmalloc;

    /// <summary>How the case processes' and the twin's OpenMP threads wait, as a worker's (<c>Workbench:WorkerThreadWait</c>).</summary>
    public string ThreadWait { get; init; } = RunProtocol.Launch.WorkerThreadWait.Bounded;

    /// <summary>The training step's and the teacher forward's arithmetic (<see cref="Experiments.Precisions"/>), as a run's <c>precision</c>; fp32 by default.</summary>
    public string Precision { get; init; } = Experiments.Precisions.Float32;

    /// <summary>Profile the Llama pair's distillation step by segment and module instead (<see cref="StepProfile"/>).</summary>
    public bool Profile { get; init; }

    /// <summary>Interleaved rounds per case and thread count of the side-by-side run.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>In a child: the one case to measure, as "pair/case".</summary>
    public string? ChildCase { get; init; }

    /// <summary>In a child: measure the matmul peak instead of a case.</summary>
    public bool ChildPeak { get; init; }

    /// <summary>A smoke run: the built-in pair, one thread, 2 repetitions (0.5 s at least) after 1 warm-up, a 1024² matmul.</summary>
    public static TrainingBenchmarkOptions Quick { get; } = new()
    {
        Threads = [1], Pairs = [BenchmarkPair.BuiltIn], Repetitions = 2, MinSeconds = 0.5, WarmUp = 1, MatmulSize = 1024,
    };

    /// <summary>Parses the arguments after <c>training</c>; later options override what <c>--quick</c> set.</summary>
    public static TrainingBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? Quick : new TrainingBenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            static string Allocator(string name) => RunProtocol.Launch.WorkerAllocator.Names.Contains(name) ? name
                : throw new ArgumentException($"--allocator takes {string.Join(" or ", RunProtocol.Launch.WorkerAllocator.Names)}, got '{name}'.");
            static string ThreadWait(string name) => RunProtocol.Launch.WorkerThreadWait.Names.Contains(name) ? name
                : throw new ArgumentException($"--thread-wait takes {string.Join(", ", RunProtocol.Launch.WorkerThreadWait.Names)}, got '{name}'.");
            static string Precision(string name) => name is Experiments.Precisions.Float32 or Experiments.Precisions.BFloat16 ? name
                : throw new ArgumentException($"--precision takes fp32 or bf16, got '{name}'.");
            options = args[i] switch
            {
                "--quick" => options,
                "--out" => options with { OutPath = Value() },
                "--threads" => options with { Threads = [.. List(Value()).Select(Positive)] },
                "--pairs" => options with { Pairs = [.. List(Value()).Select(BenchmarkPair.Named)] },
                "--cases" => options with { Cases = [.. List(Value()).Select(ThroughputCase.Named)] },
                "--reps" => options with { Repetitions = Positive(Value()) },
                "--warmup" => options with { WarmUp = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--min-seconds" => options with { MinSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--matmul" => options with { MatmulSize = Positive(Value()) },
                "--twin" => options with { TwinScript = Value() },
                "--profile" => options with { Profile = true },
                "--malloc-mmap-threshold" => options with { MallocMmapThreshold = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--allocator" => options with { Allocator = Allocator(Value()) },
                "--thread-wait" => options with { ThreadWait = ThreadWait(Value()) },
                "--precision" => options with { Precision = Precision(Value()) },
                "--logit-chunk-rows" => options with { LogitChunkRows = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rounds" => options with { Rounds = Positive(Value()) },
                "--case" => options with { ChildCase = Value() },
                "--peak" => options with { ChildPeak = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }

    /// <summary>What every case process gets besides its case: the measurement's settings at <paramref name="threads"/>.</summary>
    public string[] ChildArgs(int threads) =>
    [
        "--threads", threads.ToString(CultureInfo.InvariantCulture),
        "--reps", Repetitions.ToString(CultureInfo.InvariantCulture),
        "--warmup", WarmUp.ToString(CultureInfo.InvariantCulture),
        "--matmul", MatmulSize.ToString(CultureInfo.InvariantCulture),
        "--min-seconds", MinSeconds.ToString(CultureInfo.InvariantCulture),
        "--precision", Precision,
        .. LogitChunkRows is { } rows ? new[] { "--logit-chunk-rows", rows.ToString(CultureInfo.InvariantCulture) } : [],
    ];

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : throw new ArgumentException($"Expected a positive number, got '{value}'.");
}
