from infotui.cli import main

main()
