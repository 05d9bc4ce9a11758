using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Micro-benchmarks of the Grid's crypto. Usage (Release):
//   dotnet run -c Release --project loadtest/Grid.Benchmarks -- [--filter *Segment*] [--short]
// Results (Markdown and CSV) go to loadtest/reports/benchmarks/.
var shortRun = args.Contains("--short");
var rest = args.Where(a => a != "--short").ToArray();
var config = ManualConfig.Create(DefaultConfig.Instance)
    .WithArtifactsPath(Path.Combine(FindRoot(), "loadtest", "reports", "benchmarks"))
    .AddExporter(MarkdownExporter.GitHub)
    .WithOptions(ConfigOptions.JoinSummary);
if (shortRun)
{
    config = config.AddJob(Job.ShortRun);
}

BenchmarkSwitcher.FromAssembly(typeof(Grid.Benchmarks.SegmentEncryptionBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Grid.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
