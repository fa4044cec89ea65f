namespace Workbench.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release --project src/Workbench.Benchmarks</c>: starts the real server, runs the built-in
    /// demo (teacher, then distillation) through the API while a SignalR client follows it, and prints a table.
    /// With <c>--tracker</c> it seeds the tracker's performance cases instead (see <see cref="TrackerBenchmark"/>); with
    /// <c>--verdict</c> a sweep of 50 runs for the verdict's aggregation and page (see <see cref="VerdictBenchmark"/>).
    /// <c>--latency [--viewers 1,20] [--hosts 2 [--postgres CONN] [--redis HOST:PORT]]</c>: metric-to-client latency with that many
    /// stream clients, on one host or across two through Redis (see <see cref="LatencyBenchmark"/>, <see cref="TwoHosts"/>).
    /// <c>... -- training [--quick] [--out FILE]</c>: training throughput, MFU and memory per pair instead (<see cref="Throughput.TrainingBenchmark"/>);
    /// with <c>--twin ../shared/bench/pytorch_llama_pair.py</c> the Llama pair side by side with its PyTorch eager twin (<see cref="Throughput.SideBySideBenchmark"/>).
    /// <c>... -- topk-cache [--steps N] [--k K] [--fp32]</c>: top_k_kl from the live teacher vs a top-k cache (<see cref="TopKCacheBenchmark"/>).
    /// <c>... -- store-epochs --mode store|live</c>: three epochs of the Llama pair from a teacher-logit store vs the live teacher (<see cref="StoreEpochsBenchmark"/>).
    /// <c>... -- on-policy [--steps N]</c>: CPU time of a GKD step vs an offline one (<see cref="OnPolicyBenchmark"/>).
    /// <c>... -- generation [--new N] [--threads T]</c>: new tokens/s with the key/value cache vs recomputing (<see cref="GenerationBenchmark"/>).
    /// <c>... -- cross-tokenizer [--steps N] [--seeds 1,2,3]</c>: CE vs ULD vs token alignment on the two-tokenizer demo (<see cref="CrossTokenizerBenchmark"/>).
    /// <c>... -- gemm [--threads T] [--reps N]</c>: GFLOP/s of the Llama step's matmul shapes (<see cref="Throughput.GemmShapes"/>; twin: pytorch_gemm_shapes.py).
    /// <c>... -- packing [--steps N] [--rounds R] [--batch B] [--threads T]</c>: real-token throughput, packed vs padded batches (<see cref="PackingBenchmark"/>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["training", .. var trainingArgs]) return await Throughput.TrainingBenchmark.RunAsync(trainingArgs);
        if (args is ["topk-cache", .. var topKArgs]) return TopKCacheBenchmark.Run(topKArgs);
        if (args is ["store-epochs", .. var storeArgs]) return StoreEpochsBenchmark.Run(storeArgs);
        if (args is ["generation", .. var generationArgs]) return GenerationBenchmark.Run(generationArgs);
        if (args is ["generation-profile", .. var profileArgs]) return GenerationProfile.Run(profileArgs);
        if (args is ["on-policy", .. var onPolicyArgs]) return OnPolicyBenchmark.Run(onPolicyArgs);
        if (args is ["cross-tokenizer", .. var crossArgs]) return CrossTokenizerBenchmark.Run(crossArgs);
        if (args is ["packing", .. var packingArgs]) return PackingBenchmark.Run(packingArgs);
        if (args is ["gemm", .. var gemmArgs]) return Throughput.GemmShapes.Run(gemmArgs);
        var configuration = args.FirstOrDefault(a => a.StartsWith("--configuration=", StringComparison.Ordinal))?.Split('=')[1]
            ?? (typeof(Program).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug");
        // --latency --hosts 2: metric produced on one host → SignalR viewers on the other, through PostgreSQL and Redis (issue 11).
        if (args.Contains("--latency") && args.SkipWhile(a => a != "--hosts").Skip(1).FirstOrDefault() is "2")
        {
            var counts = args.SkipWhile(a => a != "--viewers").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToList() ?? [1, 20];
            var hosts = await TwoHosts.StartAsync(configuration, args);
            try { Console.WriteLine(await LatencyBenchmark.RunAsync(hosts, counts)); }
            finally { foreach (var host in hosts) await host.DisposeAsync(); }
            return 0;
        }
        await using var server = await ServerProcess.StartAsync(configuration);
        // --tracker: the runs table, comparison and chart timings of issue 4 on a seeded database instead of the demo.
        if (args.Contains("--tracker"))
        {
            Console.WriteLine(await TrackerBenchmark.RunAsync(server));
            return 0;
        }
        // --verdict: a 50-run sweep's verdict (issue 9): aggregation time and the compare page with the verdict.
        if (args.Contains("--verdict"))
        {
            Console.WriteLine(await VerdictBenchmark.RunAsync(server));
            return 0;
        }
        // --latency [--viewers 1,20]: metric produced → SignalR client percentiles with that many stream clients (issue 13).
        if (args.Contains("--latency"))
        {
            var counts = args.SkipWhile(a => a != "--viewers").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToList() ?? [1, 20];
            Console.WriteLine(await LatencyBenchmark.RunAsync([server], counts));
            return 0;
        }
        var report = await DemoBenchmark.RunAsync(server);
        Console.WriteLine(report.ToMarkdown());
        return 0;
    }
}
