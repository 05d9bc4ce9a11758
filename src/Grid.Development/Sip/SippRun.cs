using System.Diagnostics;

namespace Grid.Development.Sip;

/// <summary>A running SIPp.</summary>
public sealed class SippRun(Process process, string folder, string scenario, TimeSpan guard)
{
    private readonly Task<string> _stdout = process.StandardOutput.ReadToEndAsync();
    private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();

    /// <summary>SIPp's process id (to measure its CPU).</summary>
    public int ProcessId => process.Id;

    /// <summary>The run's folder (traces, and files the scenario plays).</summary>
    public string Folder => folder;

    /// <summary>Waits for the end (killing SIPp past the guard) and collects the result.</summary>
    public async Task<SippResult> WaitAsync()
    {
        var timedOut = false;
        using (var killAfter = new CancellationTokenSource(guard))
        {
            try
            {
                await process.WaitForExitAsync(killAfter.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        var exitCode = process.ExitCode;
        var output = await _stdout + await _stderr;
        process.Dispose();
        var result = new SippResult(scenario, timedOut ? -2 : exitCode, Read("messages.log"), Read("errors.log"), output);
        if (result.Succeeded)
        {
            Directory.Delete(folder, recursive: true);
        }

        return result;
    }

    private string Read(string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
