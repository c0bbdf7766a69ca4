using System.Diagnostics;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// README's first command, <c>dotnet run --project Functions</c>, must start the app itself: the Worker SDK would
/// hand <c>dotnet run</c> to <c>func start</c>, which fails without Core Tools. Functions/Directory.Build.targets
/// replaces the SDK's two targets; this fails if an SDK update renames them.
/// </summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task Dotnet_run_starts_the_app_itself_not_Core_Tools()
    {
        var psi = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(RepoPaths.Root, "Functions", "Functions.csproj"), "-t:ComputeRunArguments", "-getProperty:RunCommand", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        process.ExitCode.ShouldBe(0, output + await process.StandardError.ReadToEndAsync());
        // One -getProperty prints the bare value: the app's own executable, not func.
        Path.GetFileNameWithoutExtension(output.Trim()).ShouldBe("AuthFunctions");
    }
}
