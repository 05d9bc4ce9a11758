Console.WriteLine("Grid load test: see loadtest/README.md");
return 0;
