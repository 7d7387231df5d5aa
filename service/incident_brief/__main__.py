import sys

from incident_brief.cli import main

sys.exit(main())
