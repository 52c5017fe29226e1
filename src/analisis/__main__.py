from analisis.cli import main

main()
