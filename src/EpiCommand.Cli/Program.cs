using System.CommandLine;
using EpiCommand.Cli.Commands;

Console.OutputEncoding = System.Text.Encoding.UTF8;

var root = new RootCommand("EpiCommand command-line tool")
{
    AssessCommand.Create(),
    PlansCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
