// SPDX-License-Identifier: GPL-2.0
/*
 * TSNLab LAN1QTSN: one-queue TSN Ethernet controller on SPI.
 *
 * Probe identifies the device, picks the MAC address, requests the
 * interrupt (disabled until open), starts the owner thread and registers
 * the netdev. Everything is device-managed; the release order (netdev,
 * thread, IRQ, buffers) is the reverse of probe.
 */
#include <linux/delay.h>
#include <linux/dmi.h>
#include <linux/etherdevice.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/property.h>
#include <linux/spi/spi.h>

#include "lan1qtsn.h"
#include "lan1qtsn_identity.h"

/* Reset pulse and the time the FPGA needs afterwards (no datasheet: generous). */
#define LAN1QTSN_RESET_PULSE_US		100
#define LAN1QTSN_RESET_SETTLE_MS	20
/* Attempts at the first transactions when the bus reports an error. */
#define LAN1QTSN_PROBE_TRIES		3

static int lan1qtsn_reset(struct device *dev)
{
	struct gpio_desc *reset;

	reset = devm_gpiod_get_optional(dev, "reset", GPIOD_OUT_LOW);
	if (IS_ERR(reset))
		return dev_err_probe(dev, PTR_ERR(reset),
				     "cannot claim the device tree's \"reset-gpios\" (the overlay's reset_pin): is that GPIO used by another driver or overlay?\n");
	if (!reset)
		return 0;
	gpiod_set_value_cansleep(reset, 1);
	fsleep(LAN1QTSN_RESET_PULSE_US);
	gpiod_set_value_cansleep(reset, 0);
	msleep(LAN1QTSN_RESET_SETTLE_MS);
	return 0;
}

/*
 * With no address from the device tree or the device: one derived from
 * something unique to the machine, so that it is the same at every boot.
 * A Raspberry Pi's firmware writes the SoC's serial number into the device
 * tree's root (serial-number); a PC's firmware has a DMI product UUID
 * (absent or all 0x00/0xff ones are not recorded). Returns the source's
 * name, or NULL if there is none.
 */
static const char *lan1qtsn_stable_mac(struct lan1qtsn_priv *priv, u8 *addr)
{
	struct spi_device *spi = priv->spi;
	u16 bus = spi->controller->bus_num;
	u16 cs = spi_get_chipselect(spi, 0);
	const char *source = NULL, *id;
	struct device_node *root;

	root = of_find_node_by_path("/");
	if (root && !of_property_read_string(root, "serial-number", &id) && *id) {
		lan1qtsn_mac_derive(id, bus, cs, addr);
		source = "device-tree serial-number";
	}
	of_node_put(root);
	if (source)
		return source;
	id = dmi_get_system_info(DMI_PRODUCT_UUID);
	if (id && *id) {
		lan1qtsn_mac_derive(id, bus, cs, addr);
		return "DMI product UUID";
	}
	return NULL;
}

/*
 * Device tree or firmware node first, then the device, then one derived
 * from the machine, then random.
 */
static int lan1qtsn_set_mac(struct lan1qtsn_priv *priv)
{
	struct device *dev = &priv->spi->dev;
	struct net_device *ndev = priv->ndev;
	const char *source;
	u8 addr[ETH_ALEN];
	u32 regs[2];
	int ret;

	if (!device_get_ethdev_address(dev, ndev))
		return 0;
	if (device_property_present(dev, "local-mac-address"))
		dev_warn(dev, "ignoring the device tree's \"local-mac-address\" (%d bytes): it must be 6 bytes of a unicast address, e.g. the overlay's mac=02:11:22:33:44:55\n",
			 device_property_count_u8(dev, "local-mac-address"));

	ret = lan1qtsn_bus_read_regs(&priv->bus, LAN1QTSN_TSN_MAC_ADDR_H, regs,
				     2);
	if (ret)
		return ret;
	addr[0] = regs[0] >> 8;
	addr[1] = regs[0];
	addr[2] = regs[1] >> 24;
	addr[3] = regs[1] >> 16;
	addr[4] = regs[1] >> 8;
	addr[5] = regs[1];
	if (is_valid_ether_addr(addr)) {
		eth_hw_addr_set(ndev, addr);
		return 0;
	}
	if (!is_zero_ether_addr(addr))
		dev_warn(dev, "ignoring invalid TSN_MAC_ADDR %pM\n", addr);
	source = lan1qtsn_stable_mac(priv, addr);
	if (source) {
		eth_hw_addr_set(ndev, addr);
		dev_info(dev, "MAC address %pM derived from the %s and %s (the same at every boot; set one with the overlay's mac= parameter)\n",
			 addr, source, dev_name(dev));
		return 0;
	}
	eth_hw_addr_random(ndev);
	dev_warn(dev, "MAC address %pM is random, a new one at every boot: no local-mac-address, no TSN_MAC_ADDR, no serial-number or DMI UUID to derive one from (set one with the overlay's mac= parameter)\n",
		 ndev->dev_addr);
	return 0;
}

/*
 * Identify the device, silence it until open and pick the MAC address.
 * On failure, *what says which step failed.
 */
static int lan1qtsn_first_contact(struct lan1qtsn_priv *priv,
				  const char **what)
{
	int ret;

	*what = "device identification failed";
	ret = lan1qtsn_bus_read_system_info(&priv->bus, &priv->system_info);
	if (ret)
		return ret;

	/* Quiet until open: neither receive nor transmit. */
	*what = "cannot disable the device";
	ret = lan1qtsn_bus_write_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				     0);
	if (ret)
		return ret;

	*what = "cannot read the MAC address";
	return lan1qtsn_set_mac(priv);
}

static void lan1qtsn_stop_thread_action(void *data)
{
	lan1qtsn_dp_stop_thread(data);
	lan1qtsn_tc_release(data);
}

static int lan1qtsn_request_irq(struct lan1qtsn_priv *priv)
{
	struct device *dev = &priv->spi->dev;
	/* Enabled by open, disabled by stop: quiet while the device is. */
	unsigned long flags = IRQF_NO_AUTOEN;
	u32 type;

	/* lan1qtsn_check_description() made sure there is one. */
	priv->irq = priv->spi->irq;

	/* Falling edge per the HAT; a level-low line from firmware also works. */
	type = irq_get_trigger_type(priv->irq);
	if (type == IRQ_TYPE_NONE)
		flags |= IRQF_TRIGGER_FALLING;
	priv->irq_level = !!(type & IRQ_TYPE_LEVEL_MASK);

	return devm_request_irq(dev, priv->irq, lan1qtsn_irq_handler, flags,
				dev_name(dev), priv);
}

/*
 * What the device tree (the overlay) must say about the HAT, checked before
 * the bus is touched; each refusal names the property and what to write.
 */
static int lan1qtsn_check_description(struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	u32 hz;

	if (spi->irq <= 0)
		return dev_err_probe(dev, -EINVAL,
				     "no interrupt: the device-tree node needs \"interrupts\" for the HAT's RX FIFO line (GPIO23 on the HAT; the overlay's int_pin)\n");
	if (device_property_read_u32(dev, "spi-max-frequency", &hz))
		return dev_err_probe(dev, -EINVAL,
				     "no \"spi-max-frequency\" in the device-tree node: give the SPI clock in Hz (15000000 for the HAT; the overlay's speed)\n");
	if (!hz)
		return dev_err_probe(dev, -EINVAL,
				     "\"spi-max-frequency\" is 0: give the SPI clock in Hz (15000000 for the HAT; the overlay's speed)\n");
	return 0;
}

static int lan1qtsn_probe(struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	struct lan1qtsn_priv *priv;
	struct net_device *ndev;
	const char *what;
	unsigned int i;
	int ret;

	ret = lan1qtsn_check_description(spi);
	if (ret)
		return ret;
	/* The SPI message pump must not be starved by the RT owner thread. */
	spi->rt = true;
	spi->bits_per_word = 8;
	ret = spi_setup(spi);
	if (ret)
		return dev_err_probe(dev, ret, "SPI setup failed\n");

	ndev = devm_alloc_etherdev_mqs(dev, sizeof(*priv), LAN1QTSN_TX_QUEUES,
				       1);
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, dev);
	priv = netdev_priv(ndev);
	priv->ndev = ndev;
	priv->spi = spi;
	spi_set_drvdata(spi, priv);

	ret = lan1qtsn_bus_init(&priv->bus, spi);
	if (ret)
		return ret;
	/*
	 * Bitstreams disagree on who appends the TX FCS and the device cannot
	 * be asked: the board description says (device-spec, Alternative).
	 */
	if (device_property_read_bool(dev, "tsnlab,tx-fcs-by-device"))
		priv->bus.tx_fcs_len = 0;
	ret = lan1qtsn_reset(dev);
	if (ret)
		return ret;

	/* A transfer that failed on the bus is worth another try or two. */
	for (i = 0; i < LAN1QTSN_PROBE_TRIES; i++) {
		ret = lan1qtsn_first_contact(priv, &what);
		if (ret != -EIO && ret != -ETIMEDOUT)
			break;
	}
	if (ret)
		return dev_err_probe(dev, ret, "%s\n", what);

	lan1qtsn_dp_init(priv);
	lan1qtsn_tstamp_init(priv);
	lan1qtsn_ptp_init(priv);
	lan1qtsn_netdev_setup(ndev);

	/*
	 * The interrupt before the thread: devm releases in reverse order, so
	 * the thread, which may unmask a level-triggered line, is stopped
	 * before the line is freed.
	 */
	ret = lan1qtsn_request_irq(priv);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request the interrupt\n");

	ret = lan1qtsn_dp_start_thread(priv);
	if (ret)
		return dev_err_probe(dev, ret, "cannot start the owner thread\n");
	ret = devm_add_action_or_reset(dev, lan1qtsn_stop_thread_action, priv);
	if (ret)
		return ret;

	/*
	 * Before the netdev, so that tc and ethtool never see it without
	 * knowing whether it has a PHC (taprio, cbs and etf need one); without
	 * one the driver still works. devm then unregisters the netdev first.
	 */
	ret = lan1qtsn_ptp_register(priv);
	if (ret)
		return ret;
	ret = devm_register_netdev(dev, ndev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register the netdev\n");
	if (priv->ptp_clock)
		netdev_info(ndev, "PHC /dev/ptp%d, max_adj %d ppb\n",
			    priv->ptp_index, priv->ptp_info.max_adj);
	ret = lan1qtsn_debugfs_add(priv);
	if (ret)
		return ret;

	netdev_info(ndev, "LAN1QTSN %08x at %s, MAC %pM, IRQ %d, TX FCS by the %s\n",
		    priv->system_info, dev_name(dev), ndev->dev_addr, priv->irq,
		    priv->bus.tx_fcs_len ? "host" : "device");
	return 0;
}

static const struct of_device_id lan1qtsn_of_match[] = {
	{ .compatible = "tsnlab,lan1qtsn" },
	{ .compatible = "tsnlab,onequeue" },
	{ }
};
MODULE_DEVICE_TABLE(of, lan1qtsn_of_match);

static const struct spi_device_id lan1qtsn_spi_ids[] = {
	{ "lan1qtsn" },
	{ "onequeue" },
	{ }
};
MODULE_DEVICE_TABLE(spi, lan1qtsn_spi_ids);

static struct spi_driver lan1qtsn_driver = {
	.driver = {
		.name = LAN1QTSN_DRV_NAME,
		.of_match_table = lan1qtsn_of_match,
	},
	.probe = lan1qtsn_probe,
	.id_table = lan1qtsn_spi_ids,
};

static int __init lan1qtsn_init(void)
{
	int ret;

	lan1qtsn_debugfs_init();
	ret = spi_register_driver(&lan1qtsn_driver);
	if (ret)
		lan1qtsn_debugfs_exit();
	return ret;
}
module_init(lan1qtsn_init);

static void __exit lan1qtsn_exit(void)
{
	spi_unregister_driver(&lan1qtsn_driver);
	lan1qtsn_debugfs_exit();
}
module_exit(lan1qtsn_exit);

MODULE_DESCRIPTION("TSNLab LAN1QTSN SPI TSN Ethernet driver");
MODULE_AUTHOR("lan1qtsn developers");
MODULE_LICENSE("GPL");
