from govpatrol.cli import main

main()
