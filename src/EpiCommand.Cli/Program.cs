using System.CommandLine;
using EpiCommand.Cli.Commands;

namespace EpiCommand.Cli;

public static class CliProgram
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return BuildRoot().Parse(args).Invoke();
    }

    public static RootCommand BuildRoot() => new("EpiCommand command-line tool")
    {
        AssessCommand.Create(),
        PlansCommand.Create(),
        BenchCommand.Create(),
        InitCommand.Create(),
        DatabaseCommands.Migrate(),
        DatabaseCommands.SeedDemo(),
        DatabaseCommands.Audit(),
        BackupCommand.Create(),
        ListBenchCommand.Create(),
        AllocationBenchCommand.Create(),
        ImportBenchCommand.Create(),
        HttpBenchCommand.Create(),
        LoadBenchCommand.Create(),
        ProvinceBenchCommand.Create(),
        ReadinessBenchCommand.Create(),
        RegionsCommand.Create(),
        UsersCommand.Create(),
    };
}
