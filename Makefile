# SPDX-License-Identifier: GPL-2.0
# lan1qtsn: build and install the driver out of tree (on the Pi: just `make`,
# then `sudo make install`), or run the project's tests and demo.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
DRIVER_DIR := $(CURDIR)/drivers/net/ethernet/tsnlab/lan1qtsn
KMAKE := $(MAKE) -C $(KDIR) M=$(DRIVER_DIR) CONFIG_LAN1QTSN=m

.PHONY: all modules install modules_install dtbo clean check stress demo fuzz unit

all: modules

modules:
	$(KMAKE) modules

install: modules_install

modules_install: modules
	$(KMAKE) modules_install
	depmod -a $(KVER)

# The device-tree overlays for the HAT, Pi 4 and Pi 5 (copy to
# /boot/firmware/overlays/).
dtbo: dts/lan1qtsn.dtbo dts/lan1qtsn-pi5.dtbo

dts/%.dtbo: dts/%-overlay.dts dts/lan1qtsn-common.dtsi
	dtc -@ -q -I dts -O dtb -o $@ $<

clean:
	$(KMAKE) clean
	rm -f dts/*.dtbo

# Every test, CI tier (installs its Debian packages, builds the test kernel once).
check:
	./tests/run-all.sh

# Every test with the issue-sized counts and long soaks (the stress tier).
stress:
	./tests/run-all.sh --stress

# Every KUnit suite on the host, in seconds (no VM).
unit:
	./tests/unit/run.sh

# KUnit suites on the host, then libFuzzer on the emulator model (no VM).
fuzz:
	./tests/fuzz/run.sh $(FUZZ_SECS)

# Two emulated boards exchanging traffic in the test VM.
demo:
	./tools/demo.sh
